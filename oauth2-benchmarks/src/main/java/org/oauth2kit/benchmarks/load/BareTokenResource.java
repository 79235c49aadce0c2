package org.oauth2kit.benchmarks.load;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The bare token endpoint as a JAX-RS resource: Jersey binds the form field and the header. */
@Path("/token")
public final class BareTokenResource {
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@FormParam("grant_type") String grantType, @HeaderParam("Authorization") String authorization) {
        BareToken.Answer answer = BareToken.answer(grantType, authorization);
        return Response.status(answer.status()).type(BareToken.CONTENT_TYPE)
                .header(BareToken.CACHE_CONTROL, BareToken.NO_STORE).entity(answer.body()).build();
    }
}
