package org.oauth2kit.benchmarks.load;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The bare token endpoint as a servlet: the container parses the form. */
final class BareTokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        BareToken.Answer answer = BareToken.answer(req.getParameter("grant_type"), req.getHeader("Authorization"));
        res.setStatus(answer.status());
        res.setContentType(BareToken.CONTENT_TYPE);
        res.setHeader(BareToken.CACHE_CONTROL, BareToken.NO_STORE);
        res.setContentLength(answer.body().length);
        res.getOutputStream().write(answer.body());
    }
}
