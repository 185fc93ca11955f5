using Custody.Keys.Hosting;

namespace Custody.Keys.DevFile;

/// <summary>Configuration of the development key file (section Keys:DevFile). Local demo only.</summary>
public sealed class DevFileKeyOptions : IValidatedOptions
{
    /// <summary>Path of the 32-byte key file.</summary>
    public string Path { get; set; } = "";

    /// <summary>Create the key file (mode 0600) when it does not exist. Default true.</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add("Keys:DevFile:Path is required.");
        }
        else if (!System.IO.Path.IsPathFullyQualified(Path))
        {
            errors.Add("Keys:DevFile:Path must be an absolute path.");
        }

        return errors;
    }
}
