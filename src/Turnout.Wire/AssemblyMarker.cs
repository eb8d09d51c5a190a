namespace Turnout.Wire;
internal static class AssemblyMarker { }
