// esbuild's text loader (--loader:.txt=text) turns an imported .txt file into its contents.
declare module "*.txt" {
  const text: string;
  export default text;
}
