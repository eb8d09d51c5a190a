using Turnout.Cli;

return await TurnoutCli.RunAsync(args).ConfigureAwait(false);
