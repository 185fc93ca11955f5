using Custody.Gcp.Firestore;
using Custody.Testing;

namespace Custody.Gcp.Tests;

public sealed class when_documents_are_written_conditionally(FirestoreEmulator emulator) : IDisposable
{
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    [Fact]
    public async Task a_second_create_of_the_same_document_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = DocumentPath.Of("items", "once");
        await _firestore.Database.CreateAsync(path, new Item("first", 1), Item.Mapper, ct);

        var error = await Assert.ThrowsAsync<DocumentAlreadyExistsException>(() => _firestore.Database.CreateAsync(path, new Item("second", 2), Item.Mapper, ct));

        Assert.Equal(path, error.Path);
        Assert.Equal(new Item("first", 1), (await _firestore.Database.GetAsync(path, Item.Mapper, ct))!.Value);
    }

    [Fact]
    public async Task an_update_with_a_stale_update_time_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = DocumentPath.Of("items", "versioned");
        await _firestore.Database.CreateAsync(path, new Item("v", 1), Item.Mapper, ct);
        var read = (await _firestore.Database.GetAsync(path, Item.Mapper, ct))!;

        var fresh = await _firestore.Database.UpdateAsync(path, new Item("v", 2), Item.Mapper, read.UpdateTime, ct);
        var error = await Assert.ThrowsAsync<DocumentChangedException>(() => _firestore.Database.UpdateAsync(path, new Item("v", 3), Item.Mapper, read.UpdateTime, ct));

        Assert.Equal(path, error.Path);
        var final = (await _firestore.Database.GetAsync(path, Item.Mapper, ct))!;
        Assert.Equal(2, final.Value.Value);
        Assert.Equal(fresh, final.UpdateTime);
        await Assert.ThrowsAsync<DocumentChangedException>(() => _firestore.Database.DeleteAsync(path, read.UpdateTime, ct));
        await _firestore.Database.DeleteAsync(path, final.UpdateTime, ct);
        Assert.Null(await _firestore.Database.GetAsync(path, Item.Mapper, ct));
    }

    [Fact]
    public async Task an_update_of_a_missing_document_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = DocumentPath.Of("items", "never-created");

        var error = await Assert.ThrowsAsync<DocumentNotFoundException>(() => _firestore.Database.UpdateAsync(path, new Item("x", 1), Item.Mapper, null, ct));

        Assert.Equal(path, error.Path);
        Assert.Null(await _firestore.Database.GetAsync(path, Item.Mapper, ct));
    }

    [Fact]
    public async Task a_batch_get_returns_documents_in_request_order_with_null_for_missing_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var paths = Enumerable.Range(0, 5).Select(i => DocumentPath.Of("batch", $"d{i}")).ToArray();
        foreach (var i in new[] { 0, 2, 4 })
        {
            await _firestore.Database.SetAsync(paths[i], new Item($"n{i}", i), Item.Mapper, ct);
        }

        var read = await _firestore.Database.GetAllAsync([paths[4], paths[1], paths[0], paths[3], paths[2]], Item.Mapper, ct);

        Assert.Equal(["n4", null, "n0", null, "n2"], read.Select(r => r?.Value.Name));
        Assert.Equal(paths[4], read[0]!.Path);
    }

    [Fact]
    public async Task a_patch_changes_only_the_named_fields()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = DocumentPath.Of("items", "patched");
        await _firestore.Database.CreateAsync(path, new Item("keep", 1), Item.Mapper, ct);

        await _firestore.Database.PatchAsync(path, new FieldMap { ["value"] = FieldValue.Integer(9) }, ct: ct);

        Assert.Equal(new Item("keep", 9), (await _firestore.Database.GetAsync(path, Item.Mapper, ct))!.Value);
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => _firestore.Database.PatchAsync(DocumentPath.Of("items", "absent"), new FieldMap { ["value"] = FieldValue.Integer(1) }, ct: ct));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("__reserved__")]
    [InlineData("")]
    public void an_invalid_document_id_is_refused(string id) =>
        Assert.ThrowsAny<ArgumentException>(() => DocumentPath.Of("items", id));
}
