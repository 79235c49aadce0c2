package com.example.oauth;

import org.oauth2kit.testkit.SiteAdapterContract;
import org.oauth2kit.web.SiteAdapter;

/** No authorization request that carries a password gets a code without the sign-in and consent forms. */
class SignInSiteAdapterContractTest extends SiteAdapterContract {
    @Override
    protected SiteAdapter createSiteAdapter() {
        return new SignInSiteAdapter(password(), false);
    }

    @Override
    protected String username() {
        return SignInSiteAdapter.USER;
    }

    @Override
    protected String password() {
        return "wonderland";
    }
}
