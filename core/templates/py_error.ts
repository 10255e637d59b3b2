// An exception a template raises, printed as Python names it: "ZeroDivisionError: division by zero".
export class PyError extends Error {
  constructor(type: string, message: string) {
    super(`${type}: ${message}`);
  }
}
