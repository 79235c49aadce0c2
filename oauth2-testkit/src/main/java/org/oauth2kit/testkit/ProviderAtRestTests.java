package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_SECRET;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_SECRET;
import static org.oauth2kit.testkit.Dispatcher.basic;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.ProviderContract.flaky;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Response;

/**
 * {@link ProviderContract}: what is left behind: random tokens (R28), nothing readable in the
 * store (R29), expiry on every read (R30), nothing secret in the logs (R37).
 */
interface ProviderAtRestTests {

    @Test
    @DisplayName("R28 tokens are 256-bit base64url strings, all different")
    default void r28Random(Dispatcher d) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Response r = d.token("grant_type", "client_credentials");
            String token = field(r, "access_token");
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    @DisplayName("R29 a raw dump of the store holds no token, code or secret after every flow")
    default void r29RawDump(Dispatcher d, Stores stores) {
        List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, CLIENT2_SECRET));
        String code = d.code(CLIENT_ID);
        secrets.add(code);
        Response tokens = d.redeem(code);
        secrets.add(field(tokens, "access_token"));
        secrets.add(field(tokens, "refresh_token"));
        Response refreshed = d.refresh(field(tokens, "refresh_token"));
        secrets.add(field(refreshed, "access_token"));
        secrets.add(field(refreshed, "refresh_token"));
        Response password = d.token("grant_type", "password", "username", "alice", "password", "wonderland");
        secrets.add(field(password, "access_token"));
        secrets.add(field(password, "refresh_token"));
        secrets.add(field(d.token("grant_type", "client_credentials"), "access_token"));
        Response implicit = d.authorize(form("response_type", "token", "client_id", CLIENT_ID));
        secrets.add(Wire.fragment(implicit.header("Location")).get("access_token"));
        String unused = d.code(CLIENT_ID);
        secrets.add(unused);
        String dump = stores.rawDump().get();
        assertThat(dump).isNotBlank();
        secrets.add("wonderland");
        for (String s : secrets) {
            assertThat(s).isNotBlank();
            // as a whole value: a short secret such as "xyz" may occur by chance inside a random
            // base64url digest, which is no leak (and made this check fail once in a few hundred runs)
            assertThat(Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(s) + "(?![A-Za-z0-9_-])").matcher(dump)
                    .find()).as("%s in the raw dump:%n%s", s, dump).isFalse();
        }
    }

    @Test
    @DisplayName("R30 expiry is checked on every read against the injected clock")
    default void r30Expiry(Dispatcher d, MutableClock clock) {
        Response tokens = d.codeGrant();
        String access = field(tokens, "access_token");
        assertThat(d.bearer(access).isAuthorized()).isTrue();
        clock.advance(Duration.ofSeconds(3600));
        assertThat(d.bearer(access).isAuthorized()).isFalse();
        Response intro = d.post("/introspect", form("token", access), "Authorization", basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(intro.body()).isEqualTo("{\"active\":false}");
        assertThat(d.refresh(field(tokens, "refresh_token")).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R37 log output of every flow, including failures, holds no token, code or secret")
    default void r37Logs(Dispatcher d, Stores stores, MutableClock clock) {
        // the library logs at every level; the handler sits on the root logger, so it also sees
        // whatever the store's driver logs through java.util.logging
        Logger logger = Logger.getLogger("org.oauth2kit");
        Logger root = Logger.getLogger("");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder sb = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        sb.append(' ').append(p);
                    }
                }
                if (record.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(w));
                    sb.append(w);
                }
                lines.add(sb.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level old = logger.getLevel();
        logger.setLevel(Level.ALL);
        root.addHandler(handler);
        try {
            List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, "wonderland", "wrong-secret"));
            String code = d.code(CLIENT_ID);
            secrets.add(code);
            Response t = d.redeem(code);
            secrets.add(field(t, "access_token"));
            secrets.add(field(t, "refresh_token"));
            d.redeem(code); // reuse: logged as a warning
            Response p = d.token("grant_type", "password", "username", "alice", "password", "wonderland");
            secrets.add(field(p, "access_token"));
            secrets.add(field(p, "refresh_token"));
            Response r = d.refresh(field(p, "refresh_token"));
            secrets.add(field(r, "refresh_token"));
            d.refresh(field(p, "refresh_token")); // reuse
            d.tokenAs(CLIENT_ID, "wrong-secret", "grant_type", "client_credentials");
            d.post("/revoke", form("token", field(r, "access_token")), "Authorization", basic(CLIENT_ID, CLIENT_SECRET));
            FailingStores failing = new FailingStores(stores);
            Dispatcher flaky = flaky(failing, clock);
            failing.down(true);
            flaky.token("grant_type", "client_credentials");
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                for (String s : secrets) {
                    assertThat(line).doesNotContain(s);
                }
            }
        } finally {
            root.removeHandler(handler);
            logger.setLevel(old);
        }
    }
}
