package dev.tally.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

class BoundedRocksDbMemoryTest {

    private static final long BUDGET = 8L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void storesWrittenFarBeyondTheBudgetKeepTheirMemtablesAndCacheWithinIt() throws RocksDBException {
        RocksDB.loadLibrary();
        try (Options first = options("counts"); Options second = options("idempotency");
                RocksDB counts = RocksDB.open(first, dir.resolve("counts").toString());
                RocksDB keys = RocksDB.open(second, dir.resolve("keys").toString())) {
            // 64 MiB of values into two stores: each alone would keep it all in memtables of
            // RocksDB's default size (64 MiB) or Kafka Streams' (3 x 16 MiB).
            writeMegabytes(counts, 32);
            writeMegabytes(keys, 32);
            readBack(counts);
            // Flushes run in the background: a memtable being flushed is still charged, so the
            // memory right after the last write depends on how far the flush thread got. What
            // the budget promises is where memory settles once nothing waits to be flushed.
            awaitFlushesSettled(counts);
            awaitFlushesSettled(keys);

            long memtables = memtableBytes(counts) + memtableBytes(keys);
            assertThat(memtables).isLessThanOrEqualTo((long) (BUDGET * BoundedRocksDbMemory.MEMTABLE_SHARE) + BoundedRocksDbMemory.MEMTABLE_BYTES);
            assertThat(BoundedRocksDbMemory.shared(BUDGET).cache().getUsage()).isLessThanOrEqualTo(BUDGET + BUDGET / 4);
        }
    }

    @Test
    void everyStoreOfOneBudgetSharesOneCacheAndWriteBufferManager() {
        try (Options first = options("a"); Options second = options("b")) {
            assertThat(first.writeBufferManager()).isSameAs(second.writeBufferManager())
                    .isSameAs(BoundedRocksDbMemory.shared(BUDGET).writeBuffers());
            assertThat(((BlockBasedTableConfig) first.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
        }
    }

    private static Options options(String store) {
        Options options = new Options().setCreateIfMissing(true);
        options.setTableFormatConfig(new BlockBasedTableConfig());
        new BoundedRocksDbMemory().setConfig(store, options, Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, BUDGET));
        return options;
    }

    private static void writeMegabytes(RocksDB db, int megabytes) throws RocksDBException {
        Random random = new Random(7);
        byte[] value = new byte[1024];
        for (int i = 0; i < megabytes * 1024; i++) {
            random.nextBytes(value);
            db.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value);
        }
    }

    private static void readBack(RocksDB db) throws RocksDBException {
        for (int i = 0; i < 32 * 1024; i += 7) {
            assertThat(db.get(("key-" + i).getBytes(StandardCharsets.UTF_8))).hasSize(1024);
        }
    }

    private static void awaitFlushesSettled(RocksDB db) {
        await().atMost(Duration.ofSeconds(30)).until(() -> property(db, "rocksdb.num-immutable-mem-table") == 0
                && property(db, "rocksdb.mem-table-flush-pending") == 0
                && property(db, "rocksdb.num-running-flushes") == 0);
    }

    private static long property(RocksDB db, String name) throws RocksDBException {
        return Long.parseLong(db.getProperty(name));
    }

    private static long memtableBytes(RocksDB db) throws RocksDBException {
        return property(db, "rocksdb.cur-size-all-mem-tables");
    }
}
