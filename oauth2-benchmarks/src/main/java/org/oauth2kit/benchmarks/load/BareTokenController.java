package org.oauth2kit.benchmarks.load;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;

/**
 * The bare token endpoint as a Micronaut controller: Micronaut binds the form field and the
 * header. It exists only in the bare server ({@value LoadServer#BARE_PROPERTY} set), so the
 * oauth2kit server's routes are the adapter's alone.
 */
@Controller
@Requires(property = LoadServer.BARE_PROPERTY, value = "true")
public final class BareTokenController {
    @Post(uri = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = BareToken.CONTENT_TYPE)
    public HttpResponse<byte[]> token(@Body("grant_type") @Nullable String grantType,
            @Header("Authorization") @Nullable String authorization) {
        BareToken.Answer answer = BareToken.answer(grantType, authorization);
        return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.valueOf(answer.status()))
                .header(BareToken.CACHE_CONTROL, BareToken.NO_STORE).body(answer.body());
    }
}
