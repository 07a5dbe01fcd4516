/** A contact channel's key: the visitor and the source it chats from (Rocket.Chat's `ILivechatContactVisitorAssociation`). */
export type ContactChannelAssociation = { visitorId: string; source: { type: string; id?: string } };
