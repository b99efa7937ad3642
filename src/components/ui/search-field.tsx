/** The people search of a list (a name or a user principal name, as `q`) and its Search button, inside a GET form. */
export function SearchField({ id, defaultValue }: { id: string; defaultValue: string | undefined }) {
  return (
    <>
      <div>
        <label htmlFor={id} className="block text-xs font-semibold text-ink-2">
          Search by name or user principal name
        </label>
        <input
          id={id}
          name="q"
          type="search"
          defaultValue={defaultValue}
          maxLength={200}
          className="mt-1 w-72 rounded border border-line-strong bg-white px-3 py-1.5"
        />
      </div>
      <button type="submit" className="rounded border border-line-strong bg-white px-3 py-1.5 font-semibold hover:bg-canvas">
        Search
      </button>
    </>
  );
}
