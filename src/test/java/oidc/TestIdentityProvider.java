package oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A real OpenID provider for the single sign-on tests: Spring Authorization Server on a random port of its own, in the
 * test's JVM, with people in memory who sign in by a form, and the claims a hospital's provider would put in their ID
 * tokens (roles, address and whether it was verified, the factors used). Outside {@code org.consilium}, so the
 * application's component scan never finds it; it reads no {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@Import({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        SecurityFilterAutoConfiguration.class})
public class TestIdentityProvider {

    public static final String CLIENT_ID = "consilium";
    public static final String CLIENT_SECRET = "a secret shared with consilium only";
    public static final String PASSWORD = "idp password";

    /** One of the provider's people: what its ID tokens say about them. */
    public record Person(String username, String email, boolean emailVerified, List<String> roles, List<String> amr) {
    }

    /**
     * Starts a provider on a random port of 127.0.0.1 (a host of its own, so its cookies never mix with the app's on
     * localhost), for a client whose redirect address is {@code redirectUri}.
     */
    public static Running start(java.util.function.Supplier<String> redirectUri, List<Person> people) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TestIdentityProvider.class)
                .web(WebApplicationType.SERVLET)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("people", new People(people));
                    ctx.getBeanFactory().registerSingleton("redirect", new Redirect(redirectUri));
                })
                .run("--spring.config.name=consilium-test-identity-provider", "--server.port=0",
                        "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                        "--spring.jmx.enabled=false");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Running(context, "http://127.0.0.1:" + port);
    }

    /** A started provider: its issuer address, and stopping it. */
    public record Running(ConfigurableApplicationContext context, String issuer) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    record People(List<Person> all) {
        Person named(String username) {
            return all.stream().filter(p -> p.username().equals(username)).findFirst().orElseThrow();
        }
    }

    /** The client's redirect address, known once the app under test listens on its random port. */
    record Redirect(java.util.function.Supplier<String> uri) {
    }

    @Bean
    SecurityFilterChain provider(HttpSecurity http) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler back = new SavedRequestAwareAuthenticationSuccessHandler();
        http.oauth2AuthorizationServer(server -> server.oidc(oidc -> {
                }))
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .formLogin(form -> form.successHandler((request, response, authentication) -> {
                    request.getSession().setAttribute(SignInAgain.JUST_SIGNED_IN, Boolean.TRUE);
                    back.onAuthenticationSuccess(request, response, authentication);
                }))
                .addFilterAfter(new SignInAgain(), LogoutFilter.class);
        return http.build();
    }

    @Bean
    UserDetailsService users(People people) {
        return new InMemoryUserDetailsManager(people.all().stream()
                .map(p -> User.withUsername(p.username()).password("{noop}" + PASSWORD).roles("USER").build())
                .toList());
    }

    /** The one client, made when it is first asked for, by when the app's port is known. */
    @Bean
    RegisteredClientRepository clients(Redirect redirect) {
        var clients = org.springframework.util.function.SingletonSupplier.of(() -> new InMemoryRegisteredClientRepository(
                RegisteredClient
                .withId("consilium-client")
                .clientId(CLIENT_ID)
                .clientSecret("{noop}" + CLIENT_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirect.uri().get())
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.EMAIL)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                .build()));
        return new RegisteredClientRepository() {
            @Override
            public void save(RegisteredClient registeredClient) {
                clients.obtain().save(registeredClient);
            }

            @Override
            public RegisteredClient findById(String id) {
                return clients.obtain().findById(id);
            }

            @Override
            public RegisteredClient findByClientId(String clientId) {
                return clients.obtain().findByClientId(clientId);
            }
        };
    }

    /** What a hospital's provider says in its ID tokens: the person's roles, address and factors. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> claims(People people) {
        return context -> {
            if ("id_token".equals(context.getTokenType().getValue())) {
                Person person = people.named(context.getPrincipal().getName());
                context.getClaims().claims(claims -> {
                    claims.put("email", person.email());
                    claims.put("email_verified", person.emailVerified());
                    claims.put("roles", person.roles());
                    claims.put("amr", person.amr());
                    claims.put("name", person.username());
                });
            }
        };
    }

    @Bean
    JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString()).build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /** For the provider's user-info endpoint, which the OpenID configuration turns on (Consilium never calls it). */
    @Bean
    org.springframework.security.oauth2.jwt.JwtDecoder tokens(JWKSource<SecurityContext> keys) {
        return org.springframework.security.oauth2.jwt.NimbusJwtDecoder.withJwkSource(keys).build();
    }

    @Bean
    AuthorizationServerSettings settings() {
        return AuthorizationServerSettings.builder().build();
    }

    /**
     * {@code prompt=login}, which Spring Authorization Server leaves to its host: someone signed in already is asked
     * for their password again before the authorization goes on, so the ID token's {@code auth_time} is new.
     */
    static final class SignInAgain extends OncePerRequestFilter {

        static final String JUST_SIGNED_IN = SignInAgain.class.getName();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getRequestURI().equals("/oauth2/authorize")) {
                HttpSession session = request.getSession(false);
                boolean justSignedIn = session != null && session.getAttribute(JUST_SIGNED_IN) != null;
                if (justSignedIn) {
                    session.removeAttribute(JUST_SIGNED_IN);
                }
                Authentication current = SecurityContextHolder.getContext().getAuthentication();
                boolean signedIn = current != null && current.isAuthenticated()
                        && !(current instanceof AnonymousAuthenticationToken);
                if ("login".equals(request.getParameter("prompt")) && signedIn && !justSignedIn) {
                    SecurityContextHolder.clearContext();
                    request.getSession().removeAttribute(
                            HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
                    new HttpSessionRequestCache().saveRequest(request, response);
                    response.sendRedirect("/login");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

}
