package dev.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code vigil --version}: the version and commit from the jar manifest whose {@code Main-Class} is
 * {@link Vigil}, or "development build" when running from classes.
 */
public final class ManifestVersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() throws IOException {
    Enumeration<URL> urls = Vigil.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
    while (urls.hasMoreElements()) {
      try (InputStream in = urls.nextElement().openStream()) {
        Attributes a = new Manifest(in).getMainAttributes();
        if (Vigil.class.getName().equals(a.getValue(Attributes.Name.MAIN_CLASS))) {
          return lines(
              a.getValue(Attributes.Name.IMPLEMENTATION_VERSION), a.getValue("Vigil-Commit"));
        }
      }
    }
    return lines(null, null);
  }

  private static String[] lines(String version, String commit) {
    String v = version == null ? "development build" : version;
    String c = commit == null ? "unknown" : commit;
    return new String[] {
      "vigil " + v + " (commit " + c + ")",
      "Java " + System.getProperty("java.version") + " " + System.getProperty("java.vm.name")
    };
  }
}
