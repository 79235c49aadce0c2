package com.example.oauth;

import org.oauth2kit.testkit.SiteAdapterContract;
import org.oauth2kit.web.SiteAdapter;

/** The attacks every SiteAdapter must withstand: a password posted to /authorize never skips sign-in and consent. */
class SignInSiteAdapterContractTest extends SiteAdapterContract {
    @Override
    protected SiteAdapter createSiteAdapter() {
        return new SignInSiteAdapter("wonderland", false);
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
