CREATE TABLE "knowledge_articles" (
	"topic_id" text NOT NULL,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"answer" text NOT NULL,
	"edited_at" timestamp with time zone,
	"edited_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_articles_topic_id_language_pk" PRIMARY KEY("topic_id","language")
);
