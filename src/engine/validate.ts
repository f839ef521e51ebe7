import type { FlowCatalog, FlowDefinition, FlowNode, Say } from "./types";

export class FlowValidationError extends Error {
  override name = "FlowValidationError";
  constructor(readonly problems: string[]) {
    super(`Invalid flows:\n- ${problems.join("\n- ")}`);
  }
}

interface ValidationDeps {
  hasText: (key: string) => boolean;
  parsers: Set<string>;
  actions: Set<string>;
}

const keyPattern = /^[a-z][a-z0-9_-]*:[a-z0-9_.-]+$/i;

/** Checks at load that every exit leads somewhere and every text is a known i18n key. */
export function validateCatalog(catalog: FlowCatalog, deps: ValidationDeps): void {
  const problems: string[] = [];
  const flowIds = new Set<string>();
  for (const flow of catalog.flows) {
    if (flowIds.has(flow.id)) problems.push(`flow ${flow.id} is defined twice`);
    flowIds.add(flow.id);
  }
  const flowExists = (id: string, where: string) => {
    if (!flowIds.has(id)) problems.push(`${where} names unknown flow "${id}"`);
  };
  flowExists(catalog.welcomeFlow, "welcomeFlow");
  flowExists(catalog.menuFlow, "menuFlow");
  if (catalog.freeTextFlow !== undefined) flowExists(catalog.freeTextFlow, "freeTextFlow");
  for (const trigger of catalog.triggers) {
    flowExists(trigger.flow, `trigger "${trigger.words[0]}"`);
    if (trigger.anywhere && !trigger.interjection) {
      problems.push(`trigger "${trigger.words[0]}" is anywhere but no interjection`);
    }
  }
  for (const flow of catalog.flows) validateFlow(flow, flowExists, deps, problems);
  if (problems.length > 0) throw new FlowValidationError(problems);
}

function validateFlow(
  flow: FlowDefinition,
  flowExists: (id: string, where: string) => void,
  deps: ValidationDeps,
  problems: string[],
) {
  const at = (nodeId: string) => `${flow.id}/${nodeId}`;
  if (flow.specVersion !== 1) problems.push(`${flow.id}: unsupported specVersion`);
  if (!flow.nodes[flow.start]) problems.push(`${flow.id}: start node "${flow.start}" is missing`);
  const exit = (from: string, to: string) => {
    if (!flow.nodes[to]) problems.push(`${at(from)} leads to missing node "${to}"`);
  };
  const texts = (from: string, says: Say[] | undefined) => {
    for (const text of says ?? []) {
      const key = typeof text === "string" ? text : text.key;
      if (!keyPattern.test(key)) problems.push(`${at(from)}: "${key}" is not an i18n key`);
      else if (!deps.hasText(key)) problems.push(`${at(from)}: text "${key}" is missing`);
    }
  };
  for (const [nodeId, node] of Object.entries(flow.nodes) as [string, FlowNode][]) {
    if (node.help) texts(nodeId, [node.help]);
    switch (node.type) {
      case "say":
        texts(nodeId, node.say);
        exit(nodeId, node.next);
        break;
      case "choose": {
        texts(nodeId, node.prompt);
        if (node.choices.length === 0 && !node.choicesFrom) {
          problems.push(`${at(nodeId)} offers no choices`);
        }
        if (node.choicesFrom) exit(nodeId, node.choicesFrom.next);
        const ids = new Set<string>();
        for (const choice of node.choices) {
          if (ids.has(choice.id)) problems.push(`${at(nodeId)} repeats choice "${choice.id}"`);
          ids.add(choice.id);
          texts(nodeId, [choice.label]);
          exit(nodeId, choice.next);
        }
        break;
      }
      case "ask":
        texts(nodeId, node.prompt);
        if (node.location) texts(nodeId, [node.location.noted]);
        if (node.parser && !deps.parsers.has(node.parser)) {
          problems.push(`${at(nodeId)} uses unknown parser "${node.parser}"`);
        }
        exit(nodeId, node.next);
        break;
      case "collect":
        texts(nodeId, [...node.prompt, node.received, node.hint]);
        exit(nodeId, node.next);
        break;
      case "act":
        if (!deps.actions.has(node.action)) {
          problems.push(`${at(nodeId)} uses unknown action "${node.action}"`);
        }
        exit(nodeId, node.next);
        break;
      case "goto":
        flowExists(node.flow, at(nodeId));
        break;
      case "branch":
        for (const branchCase of node.cases) exit(nodeId, branchCase.next);
        exit(nodeId, node.otherwise);
        break;
      case "end":
        texts(nodeId, node.say);
        break;
    }
  }
}
