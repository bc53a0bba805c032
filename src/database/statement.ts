/**
 * A prepared statement with named parameters: its text refers to each parameter by name and its values are
 * given by name, so the `$n` numbering is derived, never written by hand. It knows the rows it returns.
 */
export interface Statement<Param extends string, Row> {
  /** The prepared statement's name: parsed and planned once per connection. */
  readonly name: string;
  readonly text: string;
  values(params: Readonly<Record<Param, unknown>>): unknown[];
  /** Only carries the row type. */
  readonly row?: Row;
}

/** `statement<Row>()(name, ['a', 'b'], (p) => \`… ${p.a} …\`)`: the row type given, the parameters inferred. */
export const statement =
  <Row>() =>
  <const Params extends readonly string[]>(
    name: string,
    params: Params,
    text: (placeholder: Readonly<Record<Params[number], string>>) => string,
  ): Statement<Params[number], Row> => {
    const placeholders = Object.fromEntries(params.map((param, i) => [param, `$${i + 1}`])) as Record<Params[number], string>;
    return { name, text: text(placeholders), values: (values) => params.map((param: Params[number]) => values[param]) };
  };
