package org.oauth2kit.store.jdbc;

import static org.oauth2kit.store.jdbc.Jdbc.setNullableString;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.oauth2kit.Client;
import org.oauth2kit.store.ClientRegistry;

/**
 * Registered clients in the table {@code oauth2_client}, one row per client with the client id as
 * primary key; clients configured in code and clients written by dynamic registration alike. A row
 * holds the SHA-256 digest of the client's secret, never the secret (R3); a public client has none.
 * Redirect URIs, grant types and response types are JSON arrays of strings, {@link Client#metadata()}
 * a JSON object of strings in the column {@code metadata} (schema version 3). Thread-safe.
 */
public final class JdbcClientStore implements ClientRegistry {
    private static final String COLUMNS =
            "client_id, secret_digest, redirect_uris, grant_types, response_types, metadata";
    private static final String FETCH = "SELECT " + COLUMNS + " FROM oauth2_client WHERE client_id = ?";
    private static final String UPDATE = "UPDATE oauth2_client SET secret_digest = ?, redirect_uris = ?, "
            + "grant_types = ?, response_types = ?, metadata = ? WHERE client_id = ?";
    private static final String INSERT = "INSERT INTO oauth2_client (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String DELETE = "DELETE FROM oauth2_client WHERE client_id = ?";

    private final Jdbc jdbc;

    /** Clients in the database behind {@code dataSource}, with the default query timeout (5 s). */
    public JdbcClientStore(DataSource dataSource) {
        this(new Jdbc(dataSource, Jdbc.DEFAULT_QUERY_TIMEOUT, Jdbc.DEFAULT_RETRY_AFTER));
    }

    JdbcClientStore(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * As in the seed: a confidential client (or a public one when {@code clientSecret} is null)
     * allowed every grant its type permits. The secret is hashed before it is stored.
     */
    public Client addClient(String clientId, String clientSecret, List<String> redirectUris) {
        return addClient(Client.builder(clientId).secret(clientSecret).redirectUris(redirectUris).build());
    }

    /**
     * Adds a client built with {@link Client#builder(String)}, or replaces the one with its id. The
     * replacement is one {@code UPDATE} of every column of the row, so a reader sees the former client
     * or the new one, never a mix; with no row to update it inserts one, and when a concurrent caller
     * inserted it first, updates that row instead (the module's dialect-free upsert,
     * {@code Jdbc.upsert}).
     */
    @Override
    public Client addClient(Client client) {
        Objects.requireNonNull(client, "client");
        String redirectUris = Json.array(client.redirectUris());
        String grantTypes = Json.array(new TreeSet<>(client.grantTypes()));
        String responseTypes = Json.array(new TreeSet<>(client.responseTypes()));
        String metadata = Json.object(client.metadata());
        jdbc.upsert("save client", s -> {
            setNullableString(s, 1, client.secretDigest());
            s.setString(2, redirectUris);
            s.setString(3, grantTypes);
            s.setString(4, responseTypes);
            s.setString(5, metadata);
            s.setString(6, client.clientId());
        }, UPDATE, s -> {
            s.setString(1, client.clientId());
            setNullableString(s, 2, client.secretDigest());
            s.setString(3, redirectUris);
            s.setString(4, grantTypes);
            s.setString(5, responseTypes);
            s.setString(6, metadata);
        }, INSERT);
        return client;
    }

    /** Removes a client; true when there was one. Its tokens stay valid until they expire. */
    @Override
    public boolean removeClient(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return jdbc.autoCommit("remove client", c -> jdbc.update(c, DELETE, s -> s.setString(1, clientId)) > 0);
    }

    @Override
    public Optional<Client> fetchByClientId(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        Optional<Client> found = jdbc.autoCommit("fetch client",
                c -> jdbc.one(c, FETCH, s -> s.setString(1, clientId), JdbcClientStore::client));
        if (found.isEmpty()) {
            // An unknown id decodes a stand-in row, so it takes as long as a known one: the time of
            // an answer must not tell which client ids exist (R2).
            decode(STAND_IN_ID, STAND_IN_DIGEST, STAND_IN_URIS, STAND_IN_GRANTS, STAND_IN_RESPONSES,
                    STAND_IN_METADATA);
        }
        return found;
    }

    private static final String STAND_IN_ID = "unknown-client";
    private static final String STAND_IN_DIGEST = "0000000000000000000000000000000000000000000";
    private static final String STAND_IN_URIS = Json.array(List.of("https://client.example/callback"));
    private static final String STAND_IN_GRANTS = Json.array(List.of("authorization_code", "refresh_token"));
    private static final String STAND_IN_RESPONSES = Json.array(List.of("code"));
    private static final String STAND_IN_METADATA = Json.object(Map.of("client_name", "unknown"));

    private static Client client(ResultSet rs) throws SQLException {
        return decode(rs.getString("client_id"), rs.getString("secret_digest"), rs.getString("redirect_uris"),
                rs.getString("grant_types"), rs.getString("response_types"), rs.getString("metadata"));
    }

    private static Client decode(String clientId, String secretDigest, String redirectUris, String grantTypes,
            String responseTypes, String metadata) {
        return Client.builder(clientId)
                .secretDigest(secretDigest)
                .redirectUris(Json.parseArray(redirectUris))
                .grantTypes(new LinkedHashSet<>(Json.parseArray(grantTypes)))
                .responseTypes(new LinkedHashSet<>(Json.parseArray(responseTypes)))
                // the column is NOT NULL DEFAULT '{}'; a null (a table created by other means) is none too
                .metadata(metadata == null ? Map.of() : Json.parseObject(metadata))
                .build();
    }
}
