package org.oauth2kit.store.mongodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

/** Conversions shared by the stores' document mappings. */
final class Documents {
    /** The field every TTL index is on: MongoDB removes the document once this instant has passed. */
    static final String REMOVE_AT = "removeAt";

    private Documents() {
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }

    /**
     * User data and client metadata as {@code [{k, v}, ...]} rather than as a sub-document: their
     * keys come from the SiteAdapter or from a registration request and may contain {@code .} or
     * start with {@code $}, which field names may not.
     */
    static List<Document> pairs(Map<String, String> data) {
        List<Document> pairs = new ArrayList<>(data.size());
        data.forEach((k, v) -> pairs.add(new Document("k", k).append("v", v)));
        return pairs;
    }

    /** The pairs of {@link #pairs} as a map; none when the field is absent. */
    static Map<String, String> data(Document doc, String field) {
        Map<String, String> data = new LinkedHashMap<>();
        for (Document pair : doc.getList(field, Document.class, List.of())) {
            data.put(pair.getString("k"), pair.getString("v"));
        }
        return data;
    }

    static List<String> strings(Document doc, String field) {
        return doc.getList(field, String.class, List.of());
    }
}
