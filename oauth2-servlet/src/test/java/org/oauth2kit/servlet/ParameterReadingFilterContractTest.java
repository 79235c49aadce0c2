package org.oauth2kit.servlet;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.DisplayName;

/**
 * The whole HTTP contract again, behind a filter that reads the request's parameters first, as
 * Spring Security's filters do (its CSRF filter reads {@code _csrf}): the container parses the
 * form and consumes the body before {@link OAuth2Servlet} runs, and the servlet must still see it.
 */
@DisplayName("Servlet adapter behind a filter that reads the parameters first (as Spring Security does)")
class ParameterReadingFilterContractTest extends ServletHttpContractTest {
    @Override
    protected void addFilters(ServletContextHandler context) {
        Filter readsParameters = (request, response, chain) -> {
            request.getParameterMap();
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(readsParameters), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /** Jetty refuses malformed parameters with its own 400 page when the filter asks for them. */
    @Override
    protected boolean malformedParametersReachAdapter() {
        return false;
    }
}
