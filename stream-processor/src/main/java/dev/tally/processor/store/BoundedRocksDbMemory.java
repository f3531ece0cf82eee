package dev.tally.processor.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process together. Left alone, Kafka
 * Streams gives each store its own 50 MB block cache and up to three 16 MB memtables, and a
 * processor holds one store per partition and kind (counts, idempotency keys, top keys, windows),
 * active or standby: dozens of stores whose memory grows with the data, outside the heap and
 * outside any limit. Here all of them share one LRU block cache, the memtables are charged to that
 * same cache through a write buffer manager (a store flushes early when the shared budget is used
 * up), and index and filter blocks live in the cache too, so the process's RocksDB memory stays
 * near {@link #TOTAL_BYTES_CONFIG} however many keys and partitions it holds.
 *
 * <p>Kafka Streams instantiates this class by name for every store, so the shared cache is kept
 * here, one per configured size, and never closed: it lives as long as the process.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** A Streams setting of tally's own, handed through to config setters: the bytes all stores share. */
    public static final String TOTAL_BYTES_CONFIG = "tally.rocksdb.memory.bytes";

    /** Memtables may hold up to this share of the budget before the fullest is flushed. */
    static final double MEMTABLE_SHARE = 0.5;
    /** Small memtables: RocksDB reserves arena blocks of an eighth of this per memtable, per store. */
    static final long MEMTABLE_BYTES = 4L * 1024 * 1024;
    /** Index and filter blocks get priority in the cache: evicting them costs reads the most. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;

    private static final Map<Long, SharedMemory> SHARED = new ConcurrentHashMap<>();

    /** The cache and write buffer manager every store configured for one budget shares. */
    record SharedMemory(Cache cache, WriteBufferManager writeBuffers) {
        static SharedMemory of(long totalBytes) {
            // strictCapacityLimit false: a read that needs a block when the cache is full still
            // succeeds (it overshoots briefly) instead of failing the stream thread.
            LRUCache cache = new LRUCache(totalBytes, -1, false, HIGH_PRIORITY_SHARE);
            return new SharedMemory(cache, new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        SharedMemory memory = shared(totalBytes(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store and outlive each one.
    }

    static SharedMemory shared(long totalBytes) {
        return SHARED.computeIfAbsent(totalBytes, SharedMemory::of);
    }

    private static long totalBytes(Map<String, Object> configs) {
        Object value = configs.get(TOTAL_BYTES_CONFIG);
        if (value == null) {
            throw new IllegalStateException(TOTAL_BYTES_CONFIG + " is not set: StreamsSettings sets it with the config setter");
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }
}
