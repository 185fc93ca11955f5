namespace Custody.Domain.Approvals;

/// <summary>Reads the approver registry from a folder of <c>{approverId}.pub.pem</c> files (P-256 SubjectPublicKeyInfo).</summary>
public static class ApproverDirectory
{
    private const string Suffix = ".pub.pem";

    public static ApproverRegistry Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"The approvers directory {directory} does not exist.");
        }

        var keys = Directory.EnumerateFiles(directory, "*" + Suffix)
            .Order(StringComparer.Ordinal)
            .Select(path => ApproverKey.FromPem(Path.GetFileName(path)[..^Suffix.Length], File.ReadAllText(path)))
            .ToList();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"The approvers directory {directory} holds no *{Suffix} file.");
        }

        return new ApproverRegistry(keys);
    }
}
