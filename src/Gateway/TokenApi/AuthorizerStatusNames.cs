using System.Text.Json;
using Grains;

namespace Gateway.TokenApi;

/// <summary>The contract's snake_case names of <see cref="AuthorizerStatus"/> (<c>reauthorization_required</c>).</summary>
internal static class AuthorizerStatusNames
{
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<AuthorizerStatus>().Select(Name)];

    public static string Name(AuthorizerStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    public static AuthorizerStatus? Parse(string name) =>
        Enum.GetValues<AuthorizerStatus>().Cast<AuthorizerStatus?>().FirstOrDefault(s => Name(s!.Value) == name);
}
