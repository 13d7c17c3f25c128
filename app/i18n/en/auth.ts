export default {
  login: {
    title: "Sign in",
    lead: "Sign in with the email address your organisation registered.",
    email: "Email address",
    password: "Password",
    submit: "Sign in",
    noAccount: "Not a member yet?",
    apply: "Apply to join the alliance",
  },
  logout: {
    done: "You have signed out.",
  },
} as const;
