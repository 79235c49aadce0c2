package org.oauth2kit.registration;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.oauth2kit.Client;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.internal.JsonReader;

/**
 * Client ID Metadata Documents (the IETF OAuth draft MCP clients use): a {@code client_id} that is
 * an https URL names a JSON document, published by the client, that says who it is. The Provider
 * fetches it instead of looking the client up, and the client is then a public one with the
 * document's redirect URIs. Off unless given to {@link org.oauth2kit.Provider.Builder#clientIdMetadataDocuments}.
 *
 * <p>Fetching a URL that any client names is a way into the server's network (SSRF), so: https
 * only, with a path, no user info, no fragment; every address the host resolves to must be a
 * public one (no loopback, private, link-local, unique-local, carrier-grade NAT, multicast or
 * unspecified address) unless {@link Builder#allowPrivateNetworks()} is set for development;
 * no redirects; a time limit for the whole fetch; a size limit; {@code application/json} only.
 * The host is resolved and checked just before the fetch, and the JDK's resolver cache (30 s by
 * default) makes the fetch connect to what was checked.
 *
 * <p>A document is valid when its {@code client_id} is the URL itself, its
 * {@code token_endpoint_auth_method} is {@code none} (or absent), and its redirect URIs pass the
 * same rules as at registration. Documents are cached (bounded, {@link Builder#cacheLifetime}), and so
 * are failures, for a minute, so a bad URL does not make the server fetch it again and again.
 */
public final class ClientIdMetadataDocuments {
    private final Duration timeout;
    private final int maxBytes;
    private final Duration cacheLifetime;
    private final int cacheSize;
    private final boolean allowPrivateNetworks;
    private final Map<String, Cached> cache;

    private record Cached(Optional<Client> client, Instant until) {
    }

    private ClientIdMetadataDocuments(Builder b) {
        this.timeout = b.timeout;
        this.maxBytes = b.maxBytes;
        this.cacheLifetime = b.cacheLifetime;
        this.cacheSize = b.cacheSize;
        this.allowPrivateNetworks = b.allowPrivateNetworks;
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > cacheSize;
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this {@code client_id} names a document rather than a registered client. */
    public boolean names(String clientId) {
        return clientId.startsWith("https://") || allowPrivateNetworks && clientId.startsWith("http://");
    }

    /** The client the document at {@code clientId} describes, or empty when it cannot be used. */
    public Optional<Client> resolve(String clientId, Clock clock) {
        Instant now = clock.instant();
        Cached hit = cache.get(clientId);
        if (hit != null && now.isBefore(hit.until())) {
            return hit.client();
        }
        Optional<Client> client;
        try {
            client = Optional.of(fetch(clientId));
        } catch (IOException | RuntimeException e) {
            client = Optional.empty();
        }
        cache.put(clientId, new Cached(client, now.plus(client.isPresent() ? cacheLifetime : Duration.ofMinutes(1))));
        return client;
    }

    private Client fetch(String clientId) throws IOException {
        URI uri = URI.create(clientId);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || allowPrivateNetworks && scheme.equals("http")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null || uri.getRawPath() == null
                || uri.getRawPath().length() < 2 || clientId.length() > 2000) {
            throw new IOException("not a client ID metadata document URL");
        }
        if (!allowPrivateNetworks) {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (!isPublic(address)) {
                    throw new IOException("the document's host is not on a public network");
                }
            }
        }
        // java.base's client, so the core needs no other module; no redirects, a deadline for it all
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(java.net.Proxy.NO_PROXY);
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestProperty("Accept", "application/json");
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] body;
        try {
            int status = connection.getResponseCode();
            String type = connection.getContentType() == null ? "" : connection.getContentType().toLowerCase(Locale.ROOT);
            if (status != 200 || !type.startsWith("application/json")) {
                throw new IOException("not a usable document");
            }
            try (InputStream in = connection.getInputStream()) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    if (out.size() > maxBytes || System.nanoTime() > deadline) {
                        throw new IOException("the document is too large or too slow");
                    }
                }
                body = out.toByteArray();
            }
        } finally {
            connection.disconnect();
        }
        Map<String, Object> doc = JsonReader.object(new String(body, StandardCharsets.UTF_8));
        return client(clientId, doc);
    }

    /** The client the document describes: a public client with the document's redirect URIs. */
    static Client client(String clientId, Map<String, Object> doc) {
        if (!clientId.equals(doc.get("client_id"))) {
            throw new IllegalArgumentException("the document names another client_id");
        }
        Object method = doc.get("token_endpoint_auth_method");
        if (method != null && !"none".equals(method)) {
            throw new IllegalArgumentException("only public clients are described by documents here");
        }
        List<String> redirectUris = new ArrayList<>();
        if (doc.get("redirect_uris") instanceof List<?> uris) {
            for (Object o : uris) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("redirect_uris hold strings");
                }
                ClientRegistration.checkRedirectUri(s);
                redirectUris.add(s);
            }
        }
        Set<String> grantTypes = new LinkedHashSet<>(List.of(GrantTypes.AUTHORIZATION_CODE, GrantTypes.REFRESH_TOKEN));
        if (doc.get("grant_types") instanceof List<?> types) {
            grantTypes.clear();
            for (Object o : types) {
                if (o instanceof String s && (s.equals(GrantTypes.AUTHORIZATION_CODE) || s.equals(GrantTypes.REFRESH_TOKEN))) {
                    grantTypes.add(s);
                }
            }
        }
        if (redirectUris.isEmpty() || !grantTypes.contains(GrantTypes.AUTHORIZATION_CODE)) {
            throw new IllegalArgumentException("a document describes a client of the code flow with redirect URIs");
        }
        Client.Builder b = Client.builder(clientId).redirectUris(redirectUris).grantTypes(grantTypes)
                .responseTypes("code").metadata(ClientRegistration.AUTH_METHOD, "none");
        if (doc.get("client_name") instanceof String name && name.length() <= 200) {
            b.metadata(ClientRegistration.CLIENT_NAME, name);
        }
        if (doc.get("scope") instanceof String scope && scope.length() <= 1000 && !scope.isBlank()) {
            b.metadata(ClientRegistration.SCOPE, scope.trim());
        }
        return b.build();
    }

    /** Whether a fetch may go to this address: public unicast only. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:0:0/96 mapped addresses are checked as the IPv4 they carry
            if ((b[0] & 0xfe) == 0xfc) {
                return false;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 0/8, 100.64/10 (carrier-grade NAT), 192.0.0/24, 198.18/15 (benchmarking), 240/4 (reserved)
        return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0
                && (b[2] & 0xff) == 0) && !(first == 198 && (second == 18 || second == 19)) && first < 240;
    }

    /** Options; the defaults are strict. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(5);
        private int maxBytes = 16 * 1024;
        private Duration cacheLifetime = Duration.ofMinutes(10);
        private int cacheSize = 1000;
        private boolean allowPrivateNetworks;

        private Builder() {
        }

        /** The most a fetch may take, connection included: 5 s by default. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("a timeout is positive and at most 30 s");
            }
            this.timeout = timeout;
            return this;
        }

        /** The largest document accepted: 16 KiB by default. */
        public Builder maxBytes(int maxBytes) {
            if (maxBytes < 256 || maxBytes > 1024 * 1024) {
                throw new IllegalArgumentException("maxBytes is between 256 bytes and 1 MiB");
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** How long a fetched document is used before it is fetched again: 10 minutes by default. */
        public Builder cacheLifetime(Duration lifetime) {
            this.cacheLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /** How many documents are cached at most: 1000 by default. */
        public Builder cacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("cacheSize is positive");
            }
            this.cacheSize = size;
            return this;
        }

        /**
         * For development only: documents may be fetched from loopback and private addresses, and
         * over plain http. Never in production: any client could make the server fetch internal URLs.
         */
        public Builder allowPrivateNetworks() {
            this.allowPrivateNetworks = true;
            return this;
        }

        public ClientIdMetadataDocuments build() {
            return new ClientIdMetadataDocuments(this);
        }
    }
}
