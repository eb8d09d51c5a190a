namespace Turnout.ControlPlane;
internal static class AssemblyMarker { }
