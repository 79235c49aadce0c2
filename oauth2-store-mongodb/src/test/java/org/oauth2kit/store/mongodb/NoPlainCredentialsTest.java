package org.oauth2kit.store.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.store.mongodb.Protocol.field;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.web.Response;

import com.mongodb.client.MongoDatabase;

/** R29 / R3 against the whole protocol, with clients, codes and tokens all in MongoDB. */
class NoPlainCredentialsTest {
    private final MutableClock clock = new MutableClock();
    private final MongoDatabase database = TestMongo.shared().newDatabase();

    @AfterEach
    void dropDatabase() {
        database.drop();
    }

    @Test
    @DisplayName("R29 after a full run of the protocol, no code, access token or refresh token is found in any document")
    void databaseHoldsNoCredential() {
        MongoStores stores = MongoStores.create(database, clock);
        for (Client c : ContractFixture.clientList()) {
            stores.clients().addClient(c);
        }
        Provider provider = ContractFixture.builder(stores.tokens(), stores.codes(), stores.clients(), clock).build();
        List<String> issued = new ArrayList<>();

        String code = Protocol.authorize(provider, "s");
        issued.add(code);
        Response tokens = Protocol.redeem(provider, code);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        issued.add(field(tokens, "access_token"));
        issued.add(field(tokens, "refresh_token"));
        Response refreshed = Protocol.refresh(provider, field(tokens, "refresh_token"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        issued.add(field(refreshed, "access_token"));
        issued.add(field(refreshed, "refresh_token"));
        Response cc = Protocol.clientCredentials(provider);
        issued.add(field(cc, "access_token"));
        assertThat(Protocol.resource(provider, field(refreshed, "access_token"))).isEqualTo(200);

        String dump = TestMongo.dump(database);
        assertThat(dump).contains("access:", "refresh:", "secretDigest");
        assertThat(issued).doesNotContainNull().allSatisfy(credential -> assertThat(dump).doesNotContain(credential));
    }
}
