package dev.verity.jwt.bouncycastle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins what the module exports and needs: its API package, core and Bouncy Castle, nothing else.
 */
class ModuleExportsTest {
  @Test
  void moduleInfo_exportsOnlyTheApiPackageAndRequiresOnlyCoreAndTheProvider() throws Exception {
    ModuleDescriptor descriptor;
    Path classes =
        Path.of(
            BouncyCastleEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      descriptor = ModuleDescriptor.read(in);
    }

    assertThat(descriptor.name()).isEqualTo("dev.verity.jwt.bouncycastle");
    assertThat(descriptor.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.verity.jwt.bouncycastle");
    assertThat(descriptor.opens()).isEmpty();
    assertThat(
            descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.equals("java.base"))
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("dev.verity.jwt", "org.bouncycastle.provider");
  }
}
