package io.santkrupa.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What --version prints: the build's version, from the properties file Maven fills in. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        try (InputStream in = Version.class.getResourceAsStream("/santkrupa-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return new String[] {"Santkrupa " + properties.getProperty("version", "(unknown version)"),
                    "Java " + Runtime.version() + ", " + System.getProperty("java.vm.name", "")};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
