namespace Turnout.Storage;
internal static class AssemblyMarker { }
