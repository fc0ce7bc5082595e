using System.ComponentModel.DataAnnotations;

namespace Gateway.Acting;

/// <summary>An absolute http(s) URL of visible ASCII characters (a browser's <c>location.href</c> is), or no value.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class AbsoluteHttpUrlAttribute() : ValidationAttribute("The {0} field must be an absolute http or https URL.")
{
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string url => url.All(c => c is > ' ' and < (char)0x7F)
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https",
        _ => false,
    };
}
