#!/usr/bin/env bash
# Kafka's leader election tool (LeaderElectionCommand), with Kafka's own flags (--help lists them), e.g.
# --election-type PREFERRED --all-topic-partitions to put every partition back on its preferred broker.
source "$(dirname "${BASH_SOURCE[0]}")/lib/kafka-tool.sh" org.apache.kafka.tools.LeaderElectionCommand "$@"
