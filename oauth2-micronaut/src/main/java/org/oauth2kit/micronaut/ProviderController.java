package org.oauth2kit.micronaut;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micronaut.context.annotation.Executable;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Singleton;
import org.oauth2kit.Provider;
import org.oauth2kit.web.Request;

/**
 * The controller behind the Provider's endpoints, mounted at {@code oauth2kit.path} (default: the
 * root). Its routes are registered by {@link ProviderRoutes} from {@link Provider#paths()}, for
 * every method and any content type, so they follow the Provider's own path options.
 *
 * <p>The body is read as raw bytes, never decoded by Micronaut, and at most
 * {@link Provider#maxBodyBytes()} of it: the core parses it and answers every error itself.
 */
@Singleton
@Requires(beans = Provider.class)
public final class ProviderController {
    /** The key of the Micronaut {@link HttpRequest} in the environ handed to the SiteAdapter. */
    public static final String ENVIRON_REQUEST = "micronaut.request";

    private final Provider provider;
    private final String mountPoint;

    ProviderController(Provider provider, @Value("${oauth2kit.path:}") String path) {
        this.provider = provider;
        this.mountPoint = MicronautExchange.mountPoint(path);
    }

    /** Runs on the blocking executor: the stores and the SiteAdapter may do blocking I/O. */
    @Executable
    @ExecuteOn(TaskExecutors.BLOCKING)
    public CompletableFuture<HttpResponse<byte[]>> handle(HttpRequest<?> request) throws IOException {
        String full = request.getPath();
        // the RFC 8414 metadata location is routed from the host's root, not below the mount point
        String path = provider.rootPaths().contains(full) || !full.startsWith(mountPoint) ? full
                : full.substring(mountPoint.length());
        Request.Builder in = MicronautExchange.request(request, path);
        if (request instanceof ServerHttpRequest<?> server) {
            try (InputStream body = server.byteBody().toInputStream()) {
                in.body(body, request.getContentLength(), provider.maxBodyBytes());
            }
        }
        // a token still being stored: Micronaut writes the response when the future completes, and
        // the blocking executor's thread is free meanwhile. The future may complete on the store's
        // thread; that is fine here, as Netty queues the write on the channel's event loop and never
        // blocks the caller.
        return provider.dispatchAsync(in.build(), Map.of(ENVIRON_REQUEST, request)).toCompletableFuture()
                .thenApply(MicronautExchange::response);
    }
}
