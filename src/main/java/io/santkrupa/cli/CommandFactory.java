package io.santkrupa.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Builds the commands for picocli: a command with a {@link CommandContext} constructor gets the
 * context, anything else (the other commands, mixins, converters) picocli's default factory.
 */
public final class CommandFactory implements CommandLine.IFactory {

    private final CommandContext context;
    private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

    public CommandFactory(CommandContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CommandContext.class) {
                return type.cast(constructor.newInstance(context));
            }
        }
        return defaults.create(type);
    }
}
