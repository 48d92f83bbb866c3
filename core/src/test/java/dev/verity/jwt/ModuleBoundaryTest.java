package dev.verity.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verity.jwt.testsupport.Tokens;
import java.io.File;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's boundary and uses it the way a modular application does: the module resolved
 * from its own descriptor, with only jackson-core and slf4j-api beside it, verifies a token through
 * exported API alone, and its internal package stays closed.
 */
class ModuleBoundaryTest {
  private static final Path CLASSES = classesDirectory();

  private static Path classesDirectory() {
    try {
      return Path.of(JwtVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ModuleDescriptor descriptor() throws Exception {
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  /** The jars of core's two dependencies, from the test class path. */
  private static List<Path> dependencyJars() {
    List<Path> jars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(
                p -> {
                  String name = p.getFileName().toString();
                  return name.startsWith("jackson-core-") || name.startsWith("slf4j-api-");
                })
            .collect(Collectors.toList());
    assertThat(jars).hasSize(2);
    return jars;
  }

  @Test
  void moduleInfo_exportsTheThreeApiPackagesToEveryoneAndRequiresOnlyItsTwoDependencies()
      throws Exception {
    ModuleDescriptor descriptor = descriptor();

    assertThat(descriptor.name()).isEqualTo("dev.verity.jwt");
    assertThat(descriptor.exports())
        .allSatisfy(e -> assertThat(e.isQualified()).isFalse())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder("dev.verity.jwt", "dev.verity.jwt.spi", "dev.verity.jwt.web");
    assertThat(descriptor.opens()).isEmpty();
    assertThat(
            descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.equals("java.base"))
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("com.fasterxml.jackson.core", "org.slf4j", "java.net.http");
  }

  @Test
  void modulePath_verifiesATokenThroughExportedApiAndKeepsInternalsClosed() throws Exception {
    ModuleFinder finder =
        ModuleFinder.of(
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(CLASSES), dependencyJars().stream())
                .toArray(Path[]::new));
    Configuration configuration =
        ModuleLayer.boot()
            .configuration()
            .resolve(finder, ModuleFinder.of(), Set.of("dev.verity.jwt"));
    ModuleLayer layer =
        ModuleLayer.boot()
            .defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    Module module = layer.findModule("dev.verity.jwt").orElseThrow();
    ClassLoader loader = layer.findLoader("dev.verity.jwt");

    KeyPair key = Tokens.rsa(2048);
    String token =
        Tokens.token()
            .kid("k1")
            .claim("iss", "https://issuer.example.com")
            .claim("aud", "orders-api")
            .claim("sub", "alice")
            .claim("exp", 1_800_000_600L)
            .sign("RS256", key.getPrivate());
    Class<?> keySources = Class.forName("dev.verity.jwt.KeySources", true, loader);
    Class<?> keySource = Class.forName("dev.verity.jwt.spi.KeySource", true, loader);
    Class<?> builderType = Class.forName("dev.verity.jwt.JwtVerifierBuilder", true, loader);
    Class<?> verifierType = Class.forName("dev.verity.jwt.JwtVerifier", true, loader);
    Class<?> verifiedType = Class.forName("dev.verity.jwt.VerifiedJwt", true, loader);
    Object keys =
        keySources
            .getMethod("jwks", String.class)
            .invoke(null, Tokens.jwks(Tokens.publicJwk(key, "k1", Map.of())));
    Object builder = verifierType.getMethod("builder").invoke(null);
    builderType
        .getMethod("issuers", java.util.Collection.class)
        .invoke(builder, List.of("https://issuer.example.com"));
    builderType
        .getMethod("audiences", java.util.Collection.class)
        .invoke(builder, List.of("orders-api"));
    builderType.getMethod("keys", keySource).invoke(builder, keys);
    builderType
        .getMethod("clock", InstantSource.class)
        .invoke(builder, InstantSource.fixed(java.time.Instant.ofEpochSecond(1_800_000_000L)));
    Object verifier = builderType.getMethod("build").invoke(builder);
    Object verified = verifierType.getMethod("verify", String.class).invoke(verifier, token);

    assertThat(verifierType.getModule()).isSameAs(module);
    assertThat(verifiedType.getMethod("subject").invoke(verified)).isEqualTo(Optional.of("alice"));
    assertThat(module.getPackages()).contains("dev.verity.jwt.internal");
    assertThat(module.isExported("dev.verity.jwt.internal")).isFalse();
    Class<?> internal = Class.forName("dev.verity.jwt.internal.Json", true, loader);
    assertThatThrownBy(() -> internal.getMethod("factory").invoke(null))
        .isInstanceOf(IllegalAccessException.class);
  }
}
