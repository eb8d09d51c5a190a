namespace Turnout.EndToEnd.Rollout;

/// <summary>
/// What the crash test knew when it killed the server: when UpdateEndpoint was called, the earliest moment
/// the deployment could have committed (every traffic step and the baking period must have run their wait),
/// whether DescribeEndpoint had already shown it committed (the old fleet Deleting, or InService on the new
/// config), the last phase it saw, and whether the wanted point was passed before a poll caught it.
/// </summary>
internal sealed record KillObservation(double CalledAt, double EarliestCommit, bool CommitSeen, string LastPhase, bool Overshot);
