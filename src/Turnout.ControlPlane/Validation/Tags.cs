using Turnout.ControlPlane.Shapes;

namespace Turnout.ControlPlane.Validation;

internal static class Tags
{
    public static void Validate(List<Tag>? tags)
    {
        Check.Count(tags ?? [], nameof(Tags), 0, 50);
        foreach (var tag in tags ?? [])
        {
            Check.Length(Check.Required(tag.Key, "Tags.Key"), "Tags.Key", 1, 128);
            Check.Length(Check.Required(tag.Value, "Tags.Value"), "Tags.Value", 0, 256);
        }
    }
}
