// A module that imports openapi-fetch by its package name, as the package (and its users) do: the
// start-up benchmark's second baseline, which includes resolving the bare specifier.
export { default } from "openapi-fetch";
