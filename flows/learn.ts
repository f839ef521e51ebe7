import type { FlowDefinition, FlowNode } from "../src/engine/types";
import { type KnowledgeSection, knowledgeTopics } from "../src/knowledge/topics";

/** Browsing the knowledge base: a section, then one of its topics. Typing a question works too. */
const sections: KnowledgeSection[] = [
  "dates",
  "voting",
  "money_politics",
  "neutrality",
  "campaigns",
  "reporting",
  "participation",
  "about",
];

const sectionNodes: Record<string, FlowNode> = {};
for (const section of sections) {
  sectionNodes[`section_${section}`] = {
    type: "choose",
    prompt: ["ask:section_prompt"],
    save: "topic",
    choices: knowledgeTopics
      .filter((topic) => topic.section === section)
      .map((topic) => ({ id: topic.id, label: `knowledge:${topic.id}.title`, next: "answer" })),
    freeText: true,
  };
}

export const learnFlow: FlowDefinition = {
  id: "learn",
  specVersion: 1,
  start: "sections",
  nodes: {
    sections: {
      type: "choose",
      prompt: ["ask:browse_prompt"],
      choices: sections.map((section) => ({
        id: section,
        label: `ask:section.${section}`,
        next: `section_${section}`,
      })),
      freeText: true,
    },
    ...sectionNodes,
    answer: { type: "act", action: "answer_topic", next: "answered" },
    answered: { type: "end" },
  },
};
