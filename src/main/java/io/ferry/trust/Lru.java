package io.ferry.trust;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lru is a bounded map that drops the least recently used entry when full: what the verifier remembers
 * and which peers were already logged, so neither grows with what peers send. Thread-safe under one
 * lock, held only for a map operation.
 */
final class Lru<K, V> {
    private final Map<K, V> map;

    Lru(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }

    /** True the first time {@code key} is added (and again once it has been dropped). */
    synchronized boolean addFirst(K key, V value) {
        return map.putIfAbsent(key, value) == null;
    }

    synchronized int size() {
        return map.size();
    }
}
