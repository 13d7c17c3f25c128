// A country <select> with names in the reader's language; `emptyLabel` adds an "any" choice.
import { SelectField } from "../Field";
import { useCountryLists } from "./countries";

export function CountrySelect(props: {
  name: string;
  label: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
  emptyLabel?: string;
  id?: string;
}) {
  const { all } = useCountryLists();
  const { emptyLabel, defaultValue, ...rest } = props;
  const options = [...(emptyLabel !== undefined ? [{ value: "", label: emptyLabel }] : []), ...all.map((c) => ({ value: c.code, label: c.name }))];
  return <SelectField {...rest} defaultValue={defaultValue?.toUpperCase() ?? ""} options={options} />;
}
