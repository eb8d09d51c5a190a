using System.Globalization;
using System.Text;
using Turnout.ControlPlane.Shapes;
using Turnout.ControlPlane.Validation;

namespace Turnout.ControlPlane;

/// <summary>Sorting, filtering and NextToken pagination shared by the List* calls.</summary>
internal static class Paging
{
    public static (List<T> Page, string? NextToken) Apply<T>(
        IEnumerable<T> items,
        ListInput input,
        Func<T, string> name,
        Func<T, DateTimeOffset> created,
        Func<T, DateTimeOffset>? modified = null,
        Func<T, string>? status = null)
    {
        Check.OneOf(input.SortOrder, nameof(input.SortOrder), "Ascending", "Descending");
        if (status is null)
        {
            Check.OneOf(input.SortBy, nameof(input.SortBy), "Name", "CreationTime");
        }
        else
        {
            Check.OneOf(input.SortBy, nameof(input.SortBy), "Name", "CreationTime", "Status");
        }

        var max = input.MaxResults ?? 10;
        Check.Range(max, nameof(input.MaxResults), 1, 100);
        if (input.NameContains is { } contains)
        {
            Check.Length(contains, nameof(input.NameContains), 0, 63);
            Check.Pattern(contains, nameof(input.NameContains), Patterns.NameContains(), "[a-zA-Z0-9-]+");
            items = items.Where(i => name(i).Contains(contains, StringComparison.OrdinalIgnoreCase));
        }

        if (input.CreationTimeBefore is { } cb) items = items.Where(i => created(i) < cb);
        if (input.CreationTimeAfter is { } ca) items = items.Where(i => created(i) > ca);
        if (modified is not null && input.LastModifiedTimeBefore is { } mb) items = items.Where(i => modified(i) < mb);
        if (modified is not null && input.LastModifiedTimeAfter is { } ma) items = items.Where(i => modified(i) > ma);
        if (status is not null && input.StatusEquals is { } se) items = items.Where(i => status(i) == se);

        var descending = input.SortOrder != "Ascending";
        IOrderedEnumerable<T> sorted = (input.SortBy ?? "CreationTime") switch
        {
            "Name" => descending ? items.OrderByDescending(name, StringComparer.Ordinal) : items.OrderBy(name, StringComparer.Ordinal),
            "Status" => descending ? items.OrderByDescending(status!, StringComparer.Ordinal) : items.OrderBy(status!, StringComparer.Ordinal),
            _ => descending ? items.OrderByDescending(created) : items.OrderBy(created),
        };
        var all = sorted.ThenBy(name, StringComparer.Ordinal).ToList();

        var offset = DecodeToken(input.NextToken);
        var page = all.Skip(offset).Take(max).ToList();
        var next = offset + page.Count < all.Count ? EncodeToken(offset + page.Count) : null;
        return (page, next);
    }

    private static string EncodeToken(int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("turnout-offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("turnout-offset:", StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(15), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw ControlPlaneException.Validation("Invalid pagination token. Pass the NextToken of a previous response unchanged.");
    }
}
