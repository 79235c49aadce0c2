package org.oauth2kit.examples;

import org.oauth2kit.testkit.SiteAdapterContract;
import org.oauth2kit.web.SiteAdapter;

/** The demo's sign-in and consent pages against the consent-bypass contract (R38). */
class DemoSiteAdapterContractTest extends SiteAdapterContract {
    @Override
    protected SiteAdapter createSiteAdapter() {
        return new DemoSiteAdapter("http://localhost:8080");
    }

    @Override
    protected String username() {
        return DemoConfig.USERNAME;
    }

    @Override
    protected String password() {
        return DemoConfig.PASSWORD;
    }
}
