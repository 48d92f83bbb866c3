package dev.verity.jwt.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.KeySources;
import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.testsupport.Tokens;
import dev.verity.jwt.web.RouteRules;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * The registrations of docs/servlet-filter.md, as written there: {@code
 * docs/examples/servlet/web.xml} deployed as it is (its two URLs pointed at a loopback issuer) in a
 * Jetty web application, and the Java snippets compiled here.
 */
@Timeout(60)
class DocExamplesTest {
  @RegisterExtension static final LoopbackIssuer issuer = new LoopbackIssuer();

  @TempDir Path webapp;

  /** "Programmatic registration" (docs/servlet-filter.md). */
  public static final class SecurityListener implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
      JwtVerifier verifier =
          JwtVerifier.builder()
              .issuer("https://sso.example.com/realms/shop")
              .audience("orders-api")
              .keys(KeySources.oidcDiscovery("https://sso.example.com/realms/shop"))
              .build();
      ServletContext servletContext = event.getServletContext();
      FilterRegistration.Dynamic verity =
          servletContext.addFilter(
              "verity",
              BearerTokenFilter.builder(verifier)
                  .rules(RouteRules.parse("GET /orders/**=orders:read"))
                  .publicPaths("/health")
                  .realm("orders")
                  .build());
      verity.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
  }

  /** "Spring Boot" (docs/servlet-filter.md). */
  static final class SpringBootConfiguration {
    // @Bean
    FilterRegistrationBean<BearerTokenFilter> verity() {
      FilterRegistrationBean<BearerTokenFilter> registration =
          new FilterRegistrationBean<>(new BearerTokenFilter());
      registration.addUrlPatterns("/*");
      registration.setInitParameters(
          Map.of(
              "verity.oidc-issuer", "https://sso.example.com/realms/shop",
              "verity.audience", "orders-api",
              "verity.rules", "GET /orders/**=orders:read"));
      return registration;
    }
  }

  @Test
  void webXml_deployedAsWritten_guardsTheApplication() throws Exception {
    String descriptor =
        Files.readString(Path.of("../docs/examples/servlet/web.xml"), StandardCharsets.UTF_8)
            .replace(
                "https://sso.example.com/realms/shop/protocol/openid-connect/certs",
                issuer.jwksUri())
            .replace("https://sso.example.com/realms/shop", Tokens.ISSUER);
    Files.createDirectories(webapp.resolve("WEB-INF"));
    Files.writeString(webapp.resolve("WEB-INF/web.xml"), descriptor, StandardCharsets.UTF_8);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext context = new WebAppContext(webapp.toString(), "/shop");
    context.setParentLoaderPriority(true);
    context.addServlet(new ServletHolder(new EchoServlet()), "/*");
    server.setHandler(context);
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + connector.getLocalPort() + "/shop";
      HttpResponse<String> refused =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/orders/7")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> allowed =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/orders/7"))
                  .header("Authorization", "Bearer " + LoopbackIssuer.token("scope", "orders:read"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"orders\"");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).contains("user=alice\n");
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      server.stop();
    }
  }

  @Test
  void springBootRegistration_carriesTheFilterAndItsParameters() {
    FilterRegistrationBean<BearerTokenFilter> registration = new SpringBootConfiguration().verity();

    assertThat(registration.getFilter()).isInstanceOf(BearerTokenFilter.class);
    assertThat(registration.getUrlPatterns()).containsExactly("/*");
    assertThat(registration.getInitParameters()).containsKey("verity.oidc-issuer");
  }
}
