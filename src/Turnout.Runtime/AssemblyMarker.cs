namespace Turnout.Runtime;
internal static class AssemblyMarker { }
