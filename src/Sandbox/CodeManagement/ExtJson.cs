using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.Endpoints;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.CodeManagement;

/// <summary>
/// commit's ext_json (docs/wechat-code-management.md §3.3): a string holding a JSON object (47001 for an object,
/// 85048 when it does not parse or a key has the wrong shape), naming only pages the template has (85045), every tab
/// with its pagePath (85046), and for a standard template only
/// extAppid, ext and window (9402203).
/// </summary>
internal static class ExtJson
{
    private static readonly HashSet<string> StandardTemplateKeys = new(StringComparer.Ordinal) { "extAppid", "ext", "window" };

    /// <summary>Checks the field and answers its text and the pages the code will have.</summary>
    public static (string Text, IReadOnlyList<string> Pages) Read(JsonNode? field, Template template)
    {
        if (field is null)
        {
            return ("", template.Source.Pages);
        }

        if (field is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            throw new SandboxApiError(WeChatErrorCodes.DataFormatError);
        }

        if (text.Length == 0)
        {
            return ("", template.Source.Pages);
        }

        JsonObject ext;
        try
        {
            ext = JsonNode.Parse(text) as JsonObject ?? throw new SandboxApiError(CodeErrors.ExtJsonParseFail);
        }
        catch (JsonException)
        {
            throw new SandboxApiError(CodeErrors.ExtJsonParseFail);
        }

        if (template.IsStandard && ext.Any(p => !StandardTemplateKeys.Contains(p.Key)))
        {
            throw new SandboxApiError(CodeErrors.StandardTemplateExtJsonInvalid);
        }

        var known = template.Source.Pages.ToHashSet(StringComparer.Ordinal);
        var pages = Strings(ext["pages"]);
        var named = pages
            .Concat(ext["extPages"] is JsonObject extPages ? extPages.Select(p => p.Key) : [])
            .Concat(TabPages(ext["tabBar"]));
        if (named.Any(page => !known.Contains(page)))
        {
            throw new SandboxApiError(CodeErrors.ExtJsonPathNotExist);
        }

        return (text, pages.Count > 0 ? pages : template.Source.Pages);
    }

    /// <summary>The pages of tabBar's list: 85048 when the shape is not tabBar's, 85046 for a tab without a pagePath.</summary>
    private static IEnumerable<string> TabPages(JsonNode? tabBar)
    {
        if (tabBar is null)
        {
            return [];
        }

        if (tabBar is not JsonObject bar || bar["list"] is not (null or JsonArray))
        {
            throw new SandboxApiError(CodeErrors.ExtJsonParseFail);
        }

        var tabs = bar["list"] as JsonArray ?? [];
        return [.. tabs.Select(tab => tab switch
        {
            JsonObject item when item["pagePath"] is null => throw new SandboxApiError(CodeErrors.TabBarItemMissingPath),
            JsonObject item when item["pagePath"] is JsonValue v && v.TryGetValue<string>(out var path) =>
                path.Length == 0 ? throw new SandboxApiError(CodeErrors.TabBarItemMissingPath) : path,
            _ => throw new SandboxApiError(CodeErrors.ExtJsonParseFail),
        })];
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array when array.All(i => i is JsonValue v && v.TryGetValue<string>(out _)) => [.. array.Select(i => i!.GetValue<string>())],
        _ => throw new SandboxApiError(CodeErrors.ExtJsonParseFail),
    };
}
