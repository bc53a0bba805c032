/**
 * A prepared statement with named parameters: its text refers to each parameter by name and its
 * values are given by name, so the `$n` numbering is derived, never written by hand.
 */
export interface Statement<Param extends string> {
  /** The prepared statement's name: parsed and planned once per connection. */
  readonly name: string;
  readonly text: string;
  values(params: Readonly<Record<Param, unknown>>): unknown[];
}

export function statement<const Params extends readonly string[]>(
  name: string,
  params: Params,
  text: (placeholder: Readonly<Record<Params[number], string>>) => string,
): Statement<Params[number]> {
  const placeholders = Object.fromEntries(params.map((param, i) => [param, `$${i + 1}`])) as Record<Params[number], string>;
  return { name, text: text(placeholders), values: (values) => params.map((param: Params[number]) => values[param]) };
}
