using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Endpoints;

/// <summary>The control API's JSON: snake_case names and enums.</summary>
internal static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<T> ReadAsync<T>(HttpContext http) =>
        await http.Request.ReadFromJsonAsync<T>(Options, http.RequestAborted)
        ?? throw new BadHttpRequestException("a JSON body is required");
}
