package org.apache.kafka.streams;

/** LagInfo's constructor is package-private; tests of tally's lag handling build them here. */
public final class LagInfos {

    private LagInfos() {
    }

    public static LagInfo of(long currentOffsetPosition, long endOffsetPosition) {
        return new LagInfo(currentOffsetPosition, endOffsetPosition);
    }
}
