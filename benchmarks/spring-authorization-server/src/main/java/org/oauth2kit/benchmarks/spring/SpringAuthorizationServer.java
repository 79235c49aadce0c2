package org.oauth2kit.benchmarks.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Spring Authorization Server configured by properties only (application.properties): one
 * client, abc/xyz with a plain-text secret (no bcrypt cost), client credentials, reference
 * (opaque) tokens kept in memory: the same work the oauth2kit row does. Prints {@code PORT n}
 * once it listens, as the load servers do.
 */
@SpringBootApplication
public class SpringAuthorizationServer {

    public static void main(String[] args) {
        SpringApplication.run(SpringAuthorizationServer.class, args);
    }

    /**
     * Plain-text secrets, compared as they are. With the default DelegatingPasswordEncoder a
     * "{noop}" secret is re-encoded with bcrypt after the first match (Spring Authorization Server
     * upgrades encodings), and every later request then pays bcrypt: not the comparison intended.
     */
    @Bean
    @SuppressWarnings("deprecation")
    PasswordEncoder passwordEncoder() {
        return NoOpPasswordEncoder.getInstance();
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> announcePort() {
        return event -> System.out.println("PORT " + event.getWebServer().getPort());
    }
}
