package io.santkrupa.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Picocli's usage errors (a missing or unknown option, exit 2) as the platform commands' JSON
 * error when the command line asks for {@code --json}; picocli's own text otherwise.
 */
public final class JsonUsageErrors implements IParameterExceptionHandler {

    private final IParameterExceptionHandler text;

    public JsonUsageErrors(IParameterExceptionHandler text) {
        this.text = text;
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) throws Exception {
        if (!Arrays.asList(args).contains("--json")) {
            return text.handleParseException(error, args);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (error instanceof CommandLine.MissingParameterException missing) {
            missing.getMissing().forEach(arg -> fields.put(name(arg), "Required."));
        } else if (error.getArgSpec() != null) {
            fields.put(name(error.getArgSpec()), error.getMessage());
        }
        CommandLine command = error.getCommandLine();
        command.getErr().println(CommandOutput.toJson(new CommandOutput.Error(error.getMessage(), fields)));
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }
}
