using System.CommandLine;

namespace Turnout.Cli.Commands;

/// <summary>
/// <c>turnout completion bash</c>: a bash completion function that asks the binary itself, through
/// System.CommandLine's <c>[suggest]</c> directive, for subcommands, options and (from the server) names.
/// </summary>
internal static class CompletionCommand
{
    public const string BashScript = """
        # turnout bash completion: eval "$(turnout completion bash)"
        _turnout_complete() {
          local cur="${COMP_WORDS[COMP_CWORD]}" IFS=$'\n'
          local suggestions
          suggestions="$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)"
          COMPREPLY=( $(compgen -W "${suggestions}" -- "${cur}") )
        }
        complete -o default -F _turnout_complete turnout
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash (other shells: use bash's script as a model)." };
        shell.AcceptOnlyFromAmong("bash");
        var command = new Command("completion", """
            Print a shell completion script. It completes subcommands, options, and endpoint, config and model
            names from the server at $TURNOUT_ENDPOINT_URL (or http://127.0.0.1:8080).

            Examples:
              eval "$(turnout completion bash)"                       # this shell
              turnout completion bash > ~/.local/share/bash-completion/completions/turnout   # every new shell
            """)
        {
            shell,
        };
        CliAction.Set(command, "completion", (parse, _) =>
        {
            parse.InvocationConfiguration.Output.WriteLine(BashScript);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
