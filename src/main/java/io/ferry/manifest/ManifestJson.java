package io.ferry.manifest;

import io.ferry.chunk.ChunkList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ManifestJson is the JSON view of a manifest: plain maps and lists, ready for any JSON writer. */
public final class ManifestJson {
    private ManifestJson() {
    }

    /** The summary fields, plus every chunk when {@code withChunks}. */
    public static Map<String, Object> view(Manifest m, String manifestId, int encodedBytes, boolean withChunks) {
        ChunkList c = m.chunks();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", m.name());
        v.put("size", m.size());
        v.put("sha256", m.digest().toString());
        v.put("manifest_id", manifestId);
        v.put("manifest_bytes", encodedBytes);
        v.put("chunker", Map.of("kind", m.chunker().kind().label(), "min", m.chunker().min(),
                "avg", m.chunker().avg(), "max", m.chunker().max()));
        v.put("chunks", c.count());
        int zeroChunks = 0;
        for (int i = 0; i < c.count(); i++) {
            zeroChunks += c.isZero(i) ? 1 : 0;
        }
        v.put("zero_chunks", zeroChunks);
        v.put("zero_bytes", c.zeroBytes());
        if (withChunks) {
            List<Map<String, Object>> list = new ArrayList<>(c.count());
            for (int i = 0; i < c.count(); i++) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("offset", c.offset(i));
                e.put("length", c.length(i));
                e.put("id", c.id(i).toString());
                if (c.isZero(i)) {
                    e.put("zero", true);
                }
                list.add(e);
            }
            v.put("chunk_list", list);
        }
        return v;
    }
}
